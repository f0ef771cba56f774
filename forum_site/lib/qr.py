"""QR codes as SVG path data, drawn offline: for the survey link printed in the minutes' PDF.

WeasyPrint reads only our static files (forums.minutes.pdf), so the code is inline SVG, not an image.
"""

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@dataclass(frozen=True)
class QrCode:
    """A square of `size` modules (quiet zone included); `path` draws the dark ones, one unit each."""

    size: int
    path: str


def qr_code(text: str) -> QrCode:
    """The QR code of `text`, medium error correction (a folded or smudged printout still scans)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            run = 1
            while x + run < len(row) and row[x + run]:
                run += 1
            # One rectangle per run of dark modules in a row keeps the path short.
            parts.append(f"M{x} {y}h{run}v1h-{run}z")
            x += run
    return QrCode(size=len(matrix), path="".join(parts))
