"""This package's namespaces: ``session.ecephys`` (:mod:`.ecephys`), ``session.lims``
(:mod:`.lims`), and ``subject.neuroglancer`` / ``subject.ibl_data_converter``
(:mod:`.smartspim_neuropixels`). Each module registers its namespace when imported; the
``Session`` and ``Subject`` classes import them on first use, and ``aind_session.ecephys`` /
``aind_session.lims`` are the namespace classes, for their static methods.
"""
