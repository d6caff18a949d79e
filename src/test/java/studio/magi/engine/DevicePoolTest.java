package studio.magi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import studio.magi.engine.magi.Fixture;
import studio.magi.engine.magi.MagiModel;

class DevicePoolTest {
    @Test
    void takesGivenAtOnceRunOnTheDevicesOfThePoolAndMatchARenderAlone() throws Exception {
        try (DevicePool pool = DevicePool.open(List.of(DeviceName.CPU, DeviceName.CPU),
                d -> MagiModel.load(Fixture.CHECKPOINT, false, d))) {
            SamplerSettings settings;
            try (MagiModel one = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU)) {
                settings = one.defaults().withSteps(4);
            }
            ExecutorService threads = Executors.newFixedThreadPool(3);
            List<Future<List<GeneratedChunk>>> takes = new ArrayList<>();
            for (long seed = 1; seed <= 3; seed++) {
                GenerationRequest take = GenerationRequest.of(Collections.nCopies(2, "a green triangle rising on a white background"),
                        settings.withSeed(seed), new Start.Text());
                takes.add(threads.submit(() -> {
                    List<GeneratedChunk> out = Collections.synchronizedList(new ArrayList<>());
                    pool.generate(take, out::add, () -> false);
                    return out;
                }));
            }
            List<List<GeneratedChunk>> results = new ArrayList<>();
            for (Future<List<GeneratedChunk>> f : takes) {
                results.add(f.get());
            }
            threads.shutdown();
            List<GeneratedChunk> alone = new ArrayList<>();
            pool.generate(GenerationRequest.of(Collections.nCopies(2, "a green triangle rising on a white background"),
                    settings.withSeed(2), new Start.Text()), alone::add, () -> false);
            assertEquals(2, results.get(1).size());
            assertEquals(alone.get(1).frames(), results.get(1).get(1).frames(), "a take is the same whichever device ran it");
        }
    }
}
