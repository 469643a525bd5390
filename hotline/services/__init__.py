"""Services: what the centre does with dossiers, calls, shipments and messages, whichever channel asks."""
