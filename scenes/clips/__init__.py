"""The clips, one topic per module.

Every ``ClipScene`` subclass defined here is a clip (see ``scenes.kit.registry``).
"""
