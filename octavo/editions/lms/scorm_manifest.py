"""The SCORM 1.2 manifest: one SCO per chapter page, parts as aggregations, the shared files as an asset."""

from __future__ import annotations

from lxml import etree

from octavo.editions.lms.manifest import OutlineItem, add_items, element, resource_id

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{CP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                    f"{ADLCP} adlcp_rootv1p2.xsd")


def _cp(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A content-packaging element under `parent`."""
    return element(parent, CP, name, text, **attributes)


def scorm_manifest(identifier: str, title: str, outline: list[OutlineItem], scos: list[str],
                   shared: list[str]) -> bytes:
    """The manifest of a SCORM 1.2 package whose SCOs are the chapter pages."""
    root = etree.Element(f"{{{CP}}}manifest",
                         {"identifier": identifier, "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
                         # lxml-stubs allow no None key, but lxml takes None as the default namespace's prefix.
                         nsmap={None: CP, "adlcp": ADLCP, "xsi": XSI})  # type: ignore[dict-item]
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", "1.2")
    organizations = _cp(root, "organizations", default="O_book")
    organization = _cp(organizations, "organization", identifier="O_book")
    _cp(organization, "title", title)
    add_items(organization, CP, outline)
    resources = _cp(root, "resources")
    for page in scos:
        resource = etree.SubElement(resources, f"{{{CP}}}resource",
                                    {"identifier": resource_id(page), "type": "webcontent",
                                     f"{{{ADLCP}}}scormtype": "sco", "href": page})
        _cp(resource, "file", href=page)
        _cp(resource, "dependency", identifierref="R_shared")
    asset = etree.SubElement(resources, f"{{{CP}}}resource",
                             {"identifier": "R_shared", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for path in shared:
        _cp(asset, "file", href=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
