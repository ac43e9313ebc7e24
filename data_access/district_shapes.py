"""District boundaries uploaded by officials: saved in one transaction with their import batch.

Reading and repairing the file is geo's job (geo.district_boundaries); this module only stores the
matched shapes, so a failure anywhere leaves every district as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from data_access.database import Database
from data_access.models import District, ImportBatch, Source, SourceKind

BATCH_KIND = "district_boundaries"


@dataclass(frozen=True)
class SaveResult:
    batch_id: int | None
    updated: int
    unchanged: int

    @property
    def already_imported(self) -> bool:
        return self.batch_id is None


def save_district_shapes(
    db: Database, municipality_code: str, shapes: dict[int, str], *, file_name: str, sha256: str, user: str
) -> SaveResult:
    """Store GeoJSON geometries (EPSG:4326) by district id; the same file twice is a no-op."""
    with db.session() as session:
        previous = session.scalars(
            select(ImportBatch).where(
                ImportBatch.kind == BATCH_KIND, ImportBatch.sha256 == sha256, ImportBatch.note == municipality_code
            )
        ).first()
        if previous is not None:
            return SaveResult(None, 0, len(shapes))
        districts = {
            d.id: d for d in session.scalars(select(District).where(District.municipality_code == municipality_code))
        }
        foreign = sorted(set(shapes) - set(districts))
        if foreign:
            raise ValueError(f"自治体 {municipality_code} の地区ではない地区IDがあります: {foreign[:5]}")
        changed = [i for i, geojson in shapes.items() if districts[i].boundary_geojson != geojson]
        batch = ImportBatch(
            kind=BATCH_KIND,
            file_name=file_name,
            sha256=sha256,
            imported_by=user,
            rows_inserted=0,
            rows_updated=len(changed),
            rows_unchanged=len(shapes) - len(changed),
            note=municipality_code,
        )
        session.add(batch)
        session.flush()
        source = Source(kind=SourceKind.IMPORT_BATCH, import_batch_id=batch.id, label=file_name)
        session.add(source)
        session.flush()
        for district_id in changed:
            districts[district_id].boundary_geojson = shapes[district_id]
            districts[district_id].boundary_source_id = source.id
        return SaveResult(batch.id, len(changed), len(shapes) - len(changed))
