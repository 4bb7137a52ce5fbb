"""The sandbox that runs a student's code in a child process that only serves calls."""
