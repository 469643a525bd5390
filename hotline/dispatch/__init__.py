"""Dispatch: postal pickups and deliveries, the manifests couriers work from, and their pages."""
