"""Backend helpers, under the module paths of the original package
(``aind_session.utils.codeocean_utils``, ``docdb_utils``, ``s3_utils``)."""
