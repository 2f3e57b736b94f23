"""The LMS editions: the web pages, the Common Cartridge 1.1 and the SCORM 1.2 package, checked as LMSs check them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from browser_checks import axe_violations, run_axe, run_scorm, scorm_problems
from conftest import BOOK, run_cli
from lxml import etree, html

from octavo.check.links import broken_links, html_pages
from octavo.check.manifests import CC11, SCORM12

SLUG = "how-did-joseph-stalin-come-to-power"
CC = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
SCORM = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web edition, the cartridge and the SCORM package of the example book, from one build."""
    out = tmp_path_factory.mktemp("lms")
    done = run_cli("--book", str(BOOK), "--out", str(out), "--formats", "web,imscc,scorm12", "-q")
    assert done.returncode == 0, done.stderr
    return out


def unpack(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as package:
        package.extractall(folder)
    return folder


def test_web_edition_follows_moodle_book_import(lms: Path, tmp_path: Path) -> None:
    web = lms / "web"
    pages = html_pages(web)
    assert [p.name for p in pages] == sorted(p.name for p in pages) and len(pages) == 13
    contents = html.parse(str(web / "00-contents.html")).getroot()
    entries = [(a.get("href"), a.getparent().get("class")) for a in contents.iter("a") if a.getparent().tag == "li"
               and a.get("href", "").endswith(".html")]
    assert [href for href, _ in entries] == [p.name for p in pages[1:]], "the names sort in reading order"
    # Moodle makes a file whose name ends in _sub a subchapter: the chapters inside a part.
    assert [href for href, depth in entries if depth == "depth-1"] == [p.name for p in pages if "_sub." in p.name]
    assert len([p for p in pages if "_sub." in p.name]) == 6
    for page in pages[1:]:
        root = html.parse(str(page)).getroot()
        assert root.findtext(".//title") == root.find(".//h1").text_content().strip(), page.name
    unpack(lms / f"{SLUG}-web.zip", tmp_path / "zip")
    in_zip = sorted(str(p.relative_to(tmp_path / "zip")) for p in (tmp_path / "zip").rglob("*") if p.is_file())
    in_folder = sorted(str(p.relative_to(web)) for p in web.rglob("*") if p.is_file())
    assert in_zip == in_folder
    assert not [name for name in in_zip if "/" in name and name.endswith(".html")], "pages at the top level"


def test_web_pages_have_no_broken_links_scripts_or_outside_resources(lms: Path) -> None:
    web = lms / "web"
    assert broken_links(web) == []
    for page in html_pages(web):
        text = page.read_text(encoding="utf-8")
        # The one script is Octavo's own go-to-page box on the contents page, with its table of pages.
        scripts = ['<script type="application/json" id="page-table">',
                   '<script src="web_resources/go-to-page.js" defer>']
        assert re.findall(r"<script[^>]*>", text) == (scripts if page.name == "00-contents.html" else []), page.name
        assert "epub:type" not in text and "data-page-key" not in text, page.name
        assert '<meta name="viewport"' in text


def test_web_endnotes_link_both_ways(lms: Path) -> None:
    page = next((lms / "web").glob("*stalin-and-his-rise-to-power*.html"))
    root = html.parse(str(page)).getroot()
    calls = root.xpath("//a[@role='doc-noteref']")
    notes = root.xpath("//section[@role='doc-endnotes']//li")
    assert len(calls) == len(notes) == 13
    for number, (call, note) in enumerate(zip(calls, notes, strict=True), start=1):
        assert call.get("href") == f"#{note.get('id')}" and call.text == str(number)
        [back] = note.xpath(".//a[@role='doc-backlink']")
        assert back.get("href") == f"#{call.get('id')}"
    assert "v=oCkkjnpS2f8&t=" in html.tostring(notes[0], encoding="unicode").replace("&amp;", "&")


def test_cartridge_validates_and_meets_lms_detection_rules(lms: Path, tmp_path: Path) -> None:
    cartridge = lms / f"{SLUG}.imscc"
    folder = unpack(cartridge, tmp_path / "cc")
    raw = (folder / "imsmanifest.xml").read_bytes()
    assert b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in raw[:500]
    manifest = etree.fromstring(raw)
    schema = etree.XMLSchema(etree.parse(str(CC11)))
    assert schema.validate(manifest.getroottree()), schema.error_log
    assert manifest.findtext(f"{CC}metadata/{CC}schema") == "IMS Common Cartridge"
    assert manifest.findtext(f"{CC}metadata/{CC}schemaversion") == "1.1.0"
    general = manifest.find(f"{CC}metadata/{LOM}lom/{LOM}general")
    assert general.findtext(f"{LOM}title/{LOM}string") == "How Did Joseph Stalin Come to Power?"
    assert general.findtext(f"{LOM}language") == "en" and general.findtext(f"{LOM}description/{LOM}string")
    identifiers = [el.get("identifier") for el in manifest.iter() if el.get("identifier")]
    assert len(identifiers) == len(set(identifiers)) and all(NCNAME.match(i) for i in identifiers)
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CC}resource")}
    refs = [el.get("identifierref") for el in manifest.iter() if el.get("identifierref")]
    assert refs and all(ref in resources for ref in refs)
    listed = {f.get("href") for f in manifest.iter(f"{CC}file")}
    with zipfile.ZipFile(cartridge) as package:
        assert package.namelist()[0] == "imsmanifest.xml"
        assert listed == set(package.namelist()) - {"imsmanifest.xml"}
    [organization] = manifest.iter(f"{CC}organization")
    [root_item] = organization.findall(f"{CC}item")
    assert root_item.find(f"{CC}title") is None
    items = list(root_item.iter(f"{CC}item"))[1:]
    assert all(item.findtext(f"{CC}title") for item in items)
    titles = [item.findtext(f"{CC}title") for item in root_item.findall(f"{CC}item")]
    assert titles == ["Quick Answer", "Part I: Expert Answers", "Part II: Notes on a Conversation", "Bibliography",
                      "Who’s Who", "Index", "Downloads"]
    downloads = [resources[i.get("identifierref")].get("href") for i in root_item.findall(f"{CC}item")[-1]
                 if i.get("identifierref")]
    assert [Path(d).suffix for d in downloads] == [".pdf", ".epub"]
    assert all(r.get("type") == "webcontent" for r in resources.values())
    assert broken_links(folder) == []


def test_cartridge_schema_check_can_fail(lms: Path) -> None:
    with zipfile.ZipFile(lms / f"{SLUG}.imscc") as package:
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
    organization = next(manifest.iter(f"{CC}organization"))
    organization.set("structure", "flat")
    schema = etree.XMLSchema(etree.parse(str(CC11)))
    assert not schema.validate(manifest.getroottree())


def test_scorm_manifest_validates_and_every_sco_is_a_chapter(lms: Path, tmp_path: Path) -> None:
    package = lms / f"{SLUG}-scorm12.zip"
    folder = unpack(package, tmp_path / "scorm")
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    schema = etree.XMLSchema(etree.parse(str(SCORM12)))
    assert schema.validate(manifest), schema.error_log
    root = manifest.getroot()
    assert root.findtext(f"{SCORM}metadata/{SCORM}schema") == "ADL SCORM"
    assert root.findtext(f"{SCORM}metadata/{SCORM}schemaversion") == "1.2"
    resources = {r.get("identifier"): r for r in root.iter(f"{SCORM}resource")}
    scos = [r for r in resources.values() if r.get(f"{ADLCP}scormtype") == "sco"]
    assert len(scos) == 10
    refs = [item.get("identifierref") for item in root.iter(f"{SCORM}item") if item.get("identifierref")]
    assert sorted(refs) == sorted(r.get("identifier") for r in scos)
    listed = {f.get("href") for f in root.iter(f"{SCORM}file")}
    with zipfile.ZipFile(package) as archive:
        assert listed == set(archive.namelist()) - {"imsmanifest.xml"}
    for sco in scos:
        text = (folder / sco.get("href")).read_text(encoding="utf-8")
        assert '<script src="web_resources/sco.js" defer></script>' in text and 'id="end-of-chapter"' in text
    assert broken_links(folder) == []


def test_every_sco_completes_under_scorm_again_in_chromium(lms: Path, tmp_path: Path) -> None:
    folder = unpack(lms / f"{SLUG}-scorm12.zip", tmp_path / "scorm")
    manifest = etree.parse(str(folder / "imsmanifest.xml")).getroot()
    scos = [r.get("href") for r in manifest.iter(f"{SCORM}resource") if r.get(f"{ADLCP}scormtype") == "sco"]
    report = run_scorm(folder, scos, tmp_path / "work")
    assert [sco["href"] for sco in report["scos"]] == scos
    assert scorm_problems(report) == []


def test_axe_finds_no_violations_on_the_web_pages(lms: Path, tmp_path: Path) -> None:
    pages = [page.name for page in html_pages(lms / "web")]
    report = run_axe(lms / "web", pages, tmp_path / "work")
    assert len(report["pages"]) == len(pages) == 13
    assert axe_violations(report) == []
