package studio.magi.cli;

import java.nio.file.Path;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.magi.CheckpointException;
import studio.magi.engine.magi.MagiModel;
import studio.magi.engine.magi.ReferenceModel;
import studio.magi.engine.magi.WrongArithmeticException;

/** Where the command line finds a model, and how it loads one with a one-line message when it cannot. */
final class ModelFolder {
    private ModelFolder() {
    }

    /** The built-in model: ckpt/nano in the studio's folder (the launcher passes it as magi.home). */
    static Path builtIn() {
        return Path.of(System.getProperty("magi.home", ".")).resolve("ckpt").resolve("nano");
    }

    static DeviceName device(String name) {
        if (name == null) {
            return Compute.devices().get(0);
        }
        try {
            return Compute.device(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--device: " + e.getMessage());
        }
    }

    static ReferenceModel loadReference(Path config, DeviceName device) {
        try {
            return ReferenceModel.load(config, device);
        } catch (CheckpointException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    static MagiModel load(Path folder, boolean fp8, DeviceName device, Path textEncoder, Path vae) {
        try {
            return MagiModel.load(folder, fp8, device, textEncoder, vae);
        } catch (CheckpointException | WrongArithmeticException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
