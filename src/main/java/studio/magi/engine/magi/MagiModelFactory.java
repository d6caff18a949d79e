package studio.magi.engine.magi;

import java.nio.file.Path;
import studio.magi.engine.DeviceName;
import studio.magi.engine.ModelFactory;
import studio.magi.engine.VideoModel;

/** MAGI checkpoint folders as the studio's {@link ModelFactory} (registered in META-INF/services). */
public final class MagiModelFactory implements ModelFactory {
    @Override
    public VideoModel load(Path checkpoint, DeviceName device) {
        return MagiModel.load(checkpoint, false, device);
    }

    @Override
    public int durationTokens(Path checkpoint) {
        MagiConfig config = MagiConfig.read(checkpoint);
        return Vocabulary.read(checkpoint.resolve(config.vocabFile())).maxDuration();
    }
}
