from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024

photo_extension = FileExtensionValidator(
    allowed_extensions=["jpg", "jpeg", "png", "webp"], message=_("照片只能是 JPG、PNG 或 WEBP 格式。")
)


def validate_photo(file):
    """A real image of at most 5 MB: the model's ImageField alone does not open the file outside forms."""
    from PIL import Image

    if file.size is not None and file.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片不能超过 5 MB。"))
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            image.verify()
    except Exception as exc:
        raise ValidationError(_("上传的文件不是有效的图片。")) from exc
    finally:
        if position is not None:
            file.seek(position)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
