"""QR codes for survey posters, drawn offline with the ``qrcode`` package (no web service)."""

import io

import qrcode
import qrcode.image.svg


def svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def png(data, box_size=12):
    buffer = io.BytesIO()
    qrcode.make(data, box_size=box_size, border=2).save(buffer, format="PNG")
    return buffer.getvalue()
