"""Piccolo's configuration for the piccolo command line in a checkout (`piccolo migrations new
…`): the same as Docket's own, docket/piccolo_conf.py, which the package names in PICCOLO_CONF so
that an installed Docket finds it from any working directory."""

from docket.piccolo_conf import APP_REGISTRY, DB

__all__ = ["APP_REGISTRY", "DB"]
