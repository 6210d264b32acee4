throw new Error("cbor-extract native extension not installed (stand-in)");
