"""Reading back what the PDFs draw, for the tests of agendas and badges."""

import io
import re

from pypdf import PdfReader


def qr_matrix_in(pdf: bytes) -> list[list[int]]:
    """The QR code drawn on the PDF's first page, read back from its filled squares."""
    stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    squares = [
        (float(x), float(y), float(w))
        for x, y, w, h in re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", stream)
        if abs(float(w) - float(h)) < 1e-3 and float(w) < 5
    ]
    assert squares, "no QR code on the page"
    module = squares[0][2]
    left, top = min(x for x, _y, _w in squares), max(y for _x, y, _w in squares)
    cells = {(round((top - y) / module), round((x - left) / module)) for x, y, _w in squares}
    size = max(max(cell) for cell in cells) + 1
    return [[int((r, c) in cells) for c in range(size)] for r in range(size)]
