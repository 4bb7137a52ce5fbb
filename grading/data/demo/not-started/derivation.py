gradient = ""
update = ""
steps = []
