"""Packages a learning-management system imports: an IMS Common Cartridge 1.1 and a SCORM 1.2 package."""
