from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Kept for the migrations that name them; upgrade photos now go through core.images (one gate
# for every image: settings.MAX_PHOTO_BYTES, pixel count from the header, re-encoded under a random name).
photo_extension = FileExtensionValidator(
    allowed_extensions=["jpg", "jpeg", "png", "webp"], message=_("照片只能是 JPG、PNG 或 WEBP 格式。")
)


def validate_photo(file):
    """The shared image gate (see core.images.probe)."""
    from core.images import validate_image

    validate_image(file)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
