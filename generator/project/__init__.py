"""A survey project: `migmod.yaml`, overlays in `custom/`, translation sheets, `migmod init`."""
