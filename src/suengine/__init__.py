"""suengine – systematisk uppföljning för barn och familj."""

__version__ = "0.1.0"
