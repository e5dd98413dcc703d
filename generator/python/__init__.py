"""The Python target: turns an `ir.Api` into the files of a Python SDK package."""
