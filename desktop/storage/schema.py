"""All model modules, imported so ``Base.metadata`` is complete (used by Alembic and the drift test)."""

from desktop.storage import models  # noqa: F401
from desktop.storage import models_evaluations, models_ledger, models_meetings  # noqa: F401
from desktop.storage import models_dues, models_recruitment  # noqa: F401
from desktop.storage import models_assessment, models_committee, models_sync  # noqa: F401
from desktop.storage.models import Base

metadata = Base.metadata
