"""The Qt wizard: displays and edits a models.Report; holds no state of its own."""
