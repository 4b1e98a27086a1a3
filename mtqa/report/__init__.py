"""Renderers. Every output format renders from :meth:`Report.to_records` or :meth:`Report.to_dict`."""
