"""The one exception type of the generator: a problem in the input, with its location."""

from __future__ import annotations


class CodegenError(Exception):
    """Bad input: printed as ``path:line: message`` and mapped to exit code 2."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class CodegenErrors(Exception):
    """Every problem of a run (bad pages, languages that disagree), so one run reports them all."""

    def __init__(self, errors: list[CodegenError]) -> None:
        super().__init__(errors)
        self.errors = errors


def each_error(problem: CodegenError | CodegenErrors) -> list[CodegenError]:
    """The single errors of a problem, whether it was raised as one or as several."""
    return problem.errors if isinstance(problem, CodegenErrors) else [problem]


class NotAnEnumPage(Exception):
    """A well-formed reference page that documents something other than an enum."""

    def __init__(self, path: str, declaration: str) -> None:
        super().__init__(path, declaration)
        self.path = path
        self.declaration = declaration

    def __str__(self) -> str:
        return f"{self.path}: skipped, not an enum page (declares: {self.declaration})"
