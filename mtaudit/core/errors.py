"""Exceptions. Library code raises these; the CLI turns them into one-line messages."""


class MtauditError(Exception):
    """Base class: an expected failure with a message meant for the user."""


class InputError(MtauditError):
    """A file or argument cannot be used (empty, binary, wrong encoding, wrong language...)."""


class ModelUnavailable(MtauditError):
    """A model (embedder, MT model) cannot be loaded here."""


class ConfigError(MtauditError):
    """A configuration file or option is invalid."""
