"""The associations app holds two parts: the registry and volunteer brokering."""

from associations.models.registry import *  # noqa: F403
from associations.models.volunteering import *  # noqa: F403
