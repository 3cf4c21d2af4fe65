"""Settings, split by topic. Every value that differs between machines comes from the environment."""

from .base import *  # noqa: F401,F403
from .database import *  # noqa: F401,F403
from .integrations import *  # noqa: F401,F403
from .notifications import *  # noqa: F401,F403
from .payments import *  # noqa: F401,F403
from .security import *  # noqa: F401,F403
from .storage import *  # noqa: F401,F403
from .tasks import *  # noqa: F401,F403
