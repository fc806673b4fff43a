"""The Textual user interface. Screens call the store; widgets only display values."""
