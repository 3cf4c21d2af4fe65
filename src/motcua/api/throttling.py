"""Rate limits that the settings do not carry (the tracking limit is the "tracking" scope in settings)."""

from rest_framework.throttling import AnonRateThrottle


class TokenObtainThrottle(AnonRateThrottle):
    """Password guesses through the token endpoint, per client address."""

    scope = "auth_token"
    rate = "20/minute"
