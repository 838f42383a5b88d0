import pytest


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Attachments go to a temporary directory, not the worktree's private/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
