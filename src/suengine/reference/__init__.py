"""Reference values from Kolada (riket, län, kommuner, groups): store, readers, fetching and relative colouring."""
