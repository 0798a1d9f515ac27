"""vires: may this body take this decision, and by what authority?"""

__version__ = "0.1.0"
