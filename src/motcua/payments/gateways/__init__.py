"""Payment gateway adapters: one module per gateway, all behind `base.Gateway`, found through `registry`."""
