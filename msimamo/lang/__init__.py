"""Language data, one package per language (``sw``), kept apart from the code that reads it."""
