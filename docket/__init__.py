"""Docket: a court case docket and hearing tracker for trafficking and OSAEC prosecutions."""

import os

# Piccolo finds its configuration by importing the module PICCOLO_CONF names ("piccolo_conf"
# from the working directory by default). Docket's lives in the package, so an installed Docket
# works wherever it is started; a deployment may still name its own.
os.environ.setdefault("PICCOLO_CONF", "docket.piccolo_conf")
