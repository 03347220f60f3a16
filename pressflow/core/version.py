"""pressflow's version: in every file it writes that names its maker, and in the caches' keys."""

__version__ = "0.1.0"
