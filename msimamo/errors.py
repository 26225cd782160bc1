"""One root exception, so a caller (the CLI, the service, a notebook) can catch everything Msimamo
refuses with a single ``except MsimamoError`` and show its message, which is one line saying what
is wrong and what to do.

``exit_code`` is what a command returns for it: 2 for something the user can fix (a setting, a
file, the data), 1 for a broken promise inside Msimamo (a row check), which is a bug to report.
"""

from __future__ import annotations


class MsimamoError(Exception):
    """Anything Msimamo refuses to do; ``str(error)`` is one line for the user."""

    exit_code = 2


class ConfigError(MsimamoError):
    """A setting (environment variable or option) has a value Msimamo cannot use."""


class ModelError(MsimamoError):
    """The model file or its card cannot be used: missing, tampered, incompatible or malformed."""


class UnsupportedPipeline(ModelError):
    """The fitted pipeline uses a setting the fast scorer does not reproduce."""


class DataError(MsimamoError):
    """Training or gold data refused; ``problems`` lists each defect with its line number."""

    def __init__(self, path, problems: list[str], shown: int = 20):
        self.path = str(path)
        self.problems = list(problems)
        more = f"; … and {len(problems) - shown} more" if len(problems) > shown else ""
        super().__init__(f"{path}: refused, {len(problems)} problem(s): " + "; ".join(problems[:shown]) + more)


class InputError(MsimamoError):
    """A file to score cannot be read as asked (encoding, header, column, delimiter)."""


class UnsafeTarget(MsimamoError):
    """An output path Msimamo will not replace: not a regular file, a symbolic link, or an input."""


class RowCheckError(MsimamoError):
    """Rows were lost, duplicated or reordered on the way through the workers: a bug, not the input."""

    exit_code = 1
