import ArgumentParser

// Placeholder entry point until the CLI lands.
print("toolwright")
