// Report module: see ../shared design; files are added per concept.
