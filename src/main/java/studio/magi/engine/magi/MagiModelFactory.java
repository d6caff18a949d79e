package studio.magi.engine.magi;

import java.nio.file.Path;
import studio.magi.engine.DeviceName;
import studio.magi.engine.ModelFactory;
import studio.magi.engine.VideoModel;

/** MAGI checkpoint folders as the studio's {@link ModelFactory} (registered in META-INF/services). */
public final class MagiModelFactory implements ModelFactory {
    /** The reference's DURATION_TOKEN_1 .. 8 (prompt_process.py: min(chunks remaining, 8)). */
    static final int REFERENCE_DURATION_TOKENS = SpecialTokens.DURATIONS;

    @Override
    public VideoModel load(Path checkpoint, DeviceName device) {
        if (CheckpointLayout.detect(checkpoint) instanceof CheckpointLayout.Reference reference) {
            return ReferenceModel.load(reference.config(), device);
        }
        return MagiModel.load(checkpoint, false, device);
    }

    @Override
    public int durationTokens(Path checkpoint) {
        if (CheckpointLayout.detect(checkpoint) instanceof CheckpointLayout.Reference reference) {
            ReferenceConfig.read(reference.config());
            return REFERENCE_DURATION_TOKENS;
        }
        MagiConfig config = MagiConfig.read(checkpoint);
        return Vocabulary.read(checkpoint.resolve(config.vocabFile())).maxDuration();
    }
}
