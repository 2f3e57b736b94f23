"""The IMS Common Cartridge 1.1 manifest: web content resources, an organization of parts and chapters, LOM."""

from __future__ import annotations

from lxml import etree

from octavo.editions.lms.manifest import OutlineItem, add_items, element, resource_id

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{CP} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOM_MANIFEST} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd "
    f"{LOM_RESOURCE} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd"
)


def _cp(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A content-packaging element under `parent`."""
    return element(parent, CP, name, text, **attributes)


def _lom_string(parent: etree._Element, name: str, text: str, language: str) -> None:
    """A LOM element holding one language string."""
    holder = etree.SubElement(parent, f"{{{LOM_MANIFEST}}}{name}")
    etree.SubElement(holder, f"{{{LOM_MANIFEST}}}string", language=language).text = text


def cartridge_manifest(identifier: str, title: str, language: str, description: str, outline: list[OutlineItem],
                       pages: list[str], shared: list[str], downloads: list[tuple[str, str]],
                       downloads_title: str = "Downloads") -> bytes:
    """The manifest: every page a web resource depending on the shared files; downloads under `downloads_title`."""
    root = etree.Element(f"{{{CP}}}manifest", {"identifier": identifier, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
                         # lxml-stubs allow no None key, but lxml takes None as the default namespace's prefix.
                         nsmap={None: CP, "lomimscc": LOM_MANIFEST, "lom": LOM_RESOURCE, "xsi": XSI})  # type: ignore[dict-item]
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "IMS Common Cartridge")
    _cp(metadata, "schemaversion", "1.1.0")
    lom = etree.SubElement(metadata, f"{{{LOM_MANIFEST}}}lom")
    general = etree.SubElement(lom, f"{{{LOM_MANIFEST}}}general")
    _lom_string(general, "title", title, language)
    etree.SubElement(general, f"{{{LOM_MANIFEST}}}language").text = language
    if description:
        _lom_string(general, "description", description, language)
    organization = _cp(_cp(root, "organizations"), "organization", identifier="O_1", structure="rooted-hierarchy")
    top = _cp(organization, "item", identifier="I_root")
    add_items(top, CP, outline)
    if downloads:
        add_items(top, CP, [OutlineItem("I_downloads", downloads_title,
                                 children=[OutlineItem(f"I_download_{n}", label, path)
                                           for n, (path, label) in enumerate(downloads, start=1)])])
    resources = _cp(root, "resources")
    for page in pages:
        resource = _cp(resources, "resource", identifier=resource_id(page), type="webcontent", href=page)
        _cp(resource, "file", href=page)
        _cp(resource, "dependency", identifierref="R_shared")
    shared_files = _cp(resources, "resource", identifier="R_shared", type="webcontent")
    for path in shared:
        _cp(shared_files, "file", href=path)
    for path, _ in downloads:
        resource = _cp(resources, "resource", identifier=resource_id(path), type="webcontent", href=path)
        _cp(resource, "file", href=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
