"""The web edition's pages, shared by the web zip, the Common Cartridge and the SCORM package."""
