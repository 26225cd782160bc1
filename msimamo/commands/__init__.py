"""Small ``msimamo`` subcommands over the library (see msimamo.cli for the convention)."""
