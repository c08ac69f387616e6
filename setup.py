"""Package layout: the code in opendata_desktop/, what is not code in the top-level resources/.

resources/ is installed as the package `opendata_desktop.resources` (read with importlib.resources), so an
editable install, a wheel and the frozen Windows build all find it under the same name.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["opendata_desktop", "opendata_desktop.*"]) + ["opendata_desktop.resources"],
    package_dir={"opendata_desktop.resources": "resources"},
)
