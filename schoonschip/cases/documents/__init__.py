"""Documents in the case: letters, statements and photos, sealed with the case key, linked
to a voorlegger item, a debt or the case itself."""
