"""Screen text per feature: each module defines TEXT = {key: (ja, en)}; dashboard.i18n merges them."""
