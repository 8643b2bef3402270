"""Import of member lists (CSV or XLSX) into a cluster or pole.

- ``columns``: the header vocabulary (French and English aliases), shared with exports;
- ``reading``: bytes -> header and rows of text (encodings, separators, workbooks, limits);
- ``validation``: the header and each row on its own;
- ``planning``: the dry run (duplicates, matching with the directory, what each row will do);
- ``committing``: the all-or-nothing write service, ``commit_import``;
- ``starting``: the web flow's services, which keep an upload and queue its dry run or commit;
- ``jobs``: the work the queued task does (``ecosystem.tasks.run_import_job``).
"""
