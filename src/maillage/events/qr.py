"""QR codes drawn into reportlab PDFs (agendas, badges) as vector squares: sharp at any print
size, no image library. ``segno`` encodes; this module only draws."""

import segno
from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

#: Quiet zone around the symbol, in modules (the standard asks for four).
QUIET_MODULES = 4


class QrCode(Flowable):  # type: ignore[misc]
    """``text`` as a square QR code of ``size`` points, quiet zone included."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.code = segno.make(text, error="m", micro=False)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.code, 0, 0, self.size)


def draw_qr(canvas: object, code: segno.QRCode, x: float, y: float, size: float) -> None:
    """Draw ``code`` with its lower left corner at (``x``, ``y``) on a reportlab canvas."""
    rows = [list(row) for row in code.matrix]
    count = len(rows) + 2 * QUIET_MODULES
    module = size / count
    canvas.setFillColor(colors.black)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        top = y + size - (r + QUIET_MODULES + 1) * module
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(  # type: ignore[attr-defined]
                    x + (c + QUIET_MODULES) * module, top, module, module, stroke=0, fill=1
                )
