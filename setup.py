"""Packaging: the wheel carries templates/, styles/ and tests/schemas/ as octavo/templates, octavo/styles, octavo/xsd.

Everything else about the project is in pyproject.toml. setuptools builds under .setuptools-build/,
because build/ is where Octavo puts the books it builds.
"""

from setuptools import find_namespace_packages, setup

# The LMS schemas stay beside the tests (the design card's place) and travel in the wheel for `octavo check`.
CARRIED = {"octavo.templates": "templates", "octavo.styles": "styles", "octavo.xsd": "tests/schemas"}


def _carried_packages() -> list[str]:
    """The carried folders and their subfolders, as package names inside octavo."""
    names = list(CARRIED)
    for package, folder in CARRIED.items():
        names += [f"{package}.{sub}" for sub in find_namespace_packages(where=folder)]
    return names


setup(
    packages=[*find_namespace_packages(include=["octavo", "octavo.*"]), *_carried_packages()],
    package_dir=CARRIED,
    package_data={
        "octavo": ["data/*.yaml", "data/csl/*.csl", "data/scorm/*.js", "data/serve/*.js", "data/web/*.js",
                   "data/schemas/*.schema.json", "data/languages/*.yaml"],
        "octavo.templates": ["*/*.j2"],
        "octavo.styles": ["*.css"],
        "octavo.xsd": ["README.md", "*/*.xsd"],
    },
    options={"build": {"build_base": ".setuptools-build"}},
)
