"""Publishing: the results table, classification (grön/gul/röd), disclosure control, the privacy gate and the build."""
