"""Hostile: gradient phones home to 127.0.0.1 on the port in port.txt."""

import socket

import numpy as np


def gradient(X, y, w):
    with open("port.txt") as handle:
        port = int(handle.read())
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"gradient please")
            answer = connection.recv(100)
    except OSError:
        return np.zeros(len(w))
    return np.full(len(w), float(len(answer)))
