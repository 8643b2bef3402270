"""Organisation logos: an uploaded image is checked, resized and re-encoded, never stored as sent.

``prepare_logo`` accepts only a real PNG, JPEG or WebP image within ``MAX_BYTES`` and
``MAX_PIXELS`` (the pixel count is read from the header, before any decoding, so a small file
that would decompress to gigabytes is refused without being decoded). It returns two PNG files,
drawn anew from the decoded pixels: metadata (EXIF, GPS, comments, ICC profiles) is dropped and
a polyglot file (an image that is also HTML or a script) comes out as a plain image.

``set_organisation_logo`` and ``remove_organisation_logo`` are the only writers, for the
pages and any other caller: they check the editor's right first, and write the new files before
switching the row, so a refused or failed upload keeps the old logo. Each change is recorded in
the audit trail (``logo.changed``, ``logo.removed``) in the transaction that switches the row.
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from maillage.accounts.permissions import AnyUser
from maillage.audit.services import record_event
from maillage.core.errors import ValidationFailed
from maillage.ecosystem import permissions
from maillage.ecosystem.models import Organisation

#: Largest upload accepted (bytes).
MAX_BYTES = 2 * 1024 * 1024
#: Largest image accepted (width x height, read from the header before decoding).
MAX_PIXELS = 4000 * 4000
ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
#: Bounding boxes (px) of the stored logo and of its thumbnail; the aspect ratio is kept.
LOGO_SIZE = 256
THUMBNAIL_SIZE = 64


@dataclass(frozen=True)
class PreparedLogo:
    logo: bytes
    thumbnail: bytes


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed({"logo": message})


def prepare_logo(upload: IO[bytes], *, size: int) -> PreparedLogo:
    """The logo and thumbnail PNGs of an uploaded file of ``size`` bytes; ``ValidationFailed``
    (on the ``logo`` field, saying what is wrong) when it is not an acceptable image."""
    if size > MAX_BYTES:
        raise _refuse(
            _("The logo is too large: %(size)s MB at most.") % {"size": MAX_BYTES // 1024**2}
        )
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; ours is lower, and checked first.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise _refuse(_("The logo must be a PNG, JPEG or WebP image."))
                if image.width * image.height > MAX_PIXELS:
                    raise _refuse(_("The logo has too many pixels: 4000 × 4000 at most."))
                image.load()
                pixels = _plain_pixels(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse(_("The logo has too many pixels: 4000 × 4000 at most.")) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _refuse(_("The file is not an image, or it is damaged.")) from None
    return PreparedLogo(logo=_png(pixels, LOGO_SIZE), thumbnail=_png(pixels, THUMBNAIL_SIZE))


def _plain_pixels(image: Image.Image) -> Image.Image:
    """The decoded pixels, upright (EXIF orientation applied), in RGB or RGBA, in a new image
    that carries none of the file's metadata."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    return Image.frombytes(converted.mode, converted.size, converted.tobytes())


def _png(pixels: Image.Image, box: int) -> bytes:
    resized = pixels.copy()
    resized.thumbnail((box, box), Image.Resampling.LANCZOS)
    out = BytesIO()
    resized.save(out, format="PNG", optimize=True)
    return out.getvalue()


def set_organisation_logo(
    *, actor: AnyUser, organisation: Organisation, upload: IO[bytes], size: int
) -> Organisation:
    """Replace the logo of ``organisation`` with ``upload`` (checked by ``prepare_logo``);
    the old files are deleted once the change is committed."""
    permissions.check_can_edit_organisation(actor, organisation)
    store_logo(organisation=organisation, upload=upload, size=size, actor=actor)
    return organisation


def store_logo(
    *, organisation: Organisation, upload: IO[bytes], size: int, actor: AnyUser = None
) -> None:
    """``set_organisation_logo`` without the editor's check, for the platform's own data (the
    demo's drawn logos, recorded with no actor)."""
    prepared = prepare_logo(upload, size=size)
    # A new name for each logo: a changed logo is a new address, never an old one from a cache.
    stem = f"{organisation.slug[:60]}-{secrets.token_hex(4)}"
    logo_name = default_storage.save(f"logos/{stem}.png", ContentFile(prepared.logo))
    thumb_name = default_storage.save(f"logos/{stem}-64.png", ContentFile(prepared.thumbnail))
    try:
        _switch(organisation, logo_name, thumb_name, actor=actor, action="logo.changed")
    except BaseException:
        _delete_files([logo_name, thumb_name])
        raise


def remove_organisation_logo(*, actor: AnyUser, organisation: Organisation) -> Organisation:
    """Remove the logo of ``organisation`` (its files are deleted once committed)."""
    permissions.check_can_edit_organisation(actor, organisation)
    _switch(organisation, "", "", actor=actor, action="logo.removed")
    return organisation


def _switch(
    organisation: Organisation, logo_name: str, thumb_name: str, *, actor: AnyUser, action: str
) -> None:
    old = [name for name in (organisation.logo.name, organisation.logo_thumbnail.name) if name]
    with transaction.atomic():
        organisation.logo.name = logo_name
        organisation.logo_thumbnail.name = thumb_name
        organisation.save(update_fields=["logo", "logo_thumbnail", "updated_at"])
        record_event(actor=actor, action=action, target=organisation)
        transaction.on_commit(lambda: _delete_files(old))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
